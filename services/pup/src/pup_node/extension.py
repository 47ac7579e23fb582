"""What the PUP node adds to the common partner node: its profile and its own domain
(registration of the unemployed, internships with their stipends)."""

from partnership_partner.bootstrap import PartnerExtension
from pup_node import adapters, routes
from pup_node.messages import MESSAGES
from pup_node.profile import PUP
from pup_node.service_layer import INTERNSHIPS, REGISTRATIONS, PupHooks
from pup_node.workspace import WORKSPACE

EXTENSION = PartnerExtension(
    profile=PUP,
    metadata=adapters.metadata,
    migrations="pup_node:migrations/versions",
    routers=[routes.router],
    repositories={
        REGISTRATIONS: adapters.SqlRegistrations,
        INTERNSHIPS: adapters.SqlInternships,
    },
    hooks=PupHooks(),
    messages=MESSAGES,
    workspace=WORKSPACE,
)
