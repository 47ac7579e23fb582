from partnership_partner.schema import metadata
from partnership_shared.kernel.migrations import run_env

run_env(metadata)
