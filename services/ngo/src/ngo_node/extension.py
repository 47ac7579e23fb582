"""What the NGO node adds to the common partner node: its profile and its own domain
(volunteering agreements)."""

from ngo_node import adapters, routes
from ngo_node.messages import MESSAGES
from ngo_node.profile import NGO
from ngo_node.service_layer import AGREEMENTS
from ngo_node.workspace import WORKSPACE
from partnership_partner.bootstrap import PartnerExtension

EXTENSION = PartnerExtension(
    profile=NGO,
    metadata=adapters.metadata,
    migrations="ngo_node:migrations/versions",
    routers=[routes.router],
    repositories={AGREEMENTS: adapters.SqlAgreements},
    messages=MESSAGES,
    workspace=WORKSPACE,
)
