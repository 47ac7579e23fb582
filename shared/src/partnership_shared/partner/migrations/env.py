from partnership_shared.kernel.migrations import run_env
from partnership_shared.partner.schema import metadata

run_env(metadata)
