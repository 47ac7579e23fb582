from partnership_shared.kernel.migrations import run_env
from reporting_node.store.schema import metadata

run_env(metadata)
