from partnership_partner.adapters.schema import metadata
from partnership_shared.kernel.migrations import run_env

run_env(metadata)
