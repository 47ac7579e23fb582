"""What the OPS node adds to the common partner node: its profile and its own domain
(benefit decisions under their legal basis, the rules of social contracts)."""

from ops_node import adapters, routes
from ops_node.messages import MESSAGES
from ops_node.profile import OPS
from ops_node.service_layer import DECISIONS, OpsHooks
from ops_node.workspace import WORKSPACE
from partnership_partner.bootstrap import PartnerExtension

EXTENSION = PartnerExtension(
    profile=OPS,
    metadata=adapters.metadata,
    migrations="ops_node:migrations/versions",
    routers=[routes.router],
    repositories={DECISIONS: adapters.SqlDecisions},
    hooks=OpsHooks(),
    messages=MESSAGES,
    workspace=WORKSPACE,
)
