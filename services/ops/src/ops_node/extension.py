"""What the OPS node adds to the common partner node: its profile and its own domain."""

from ops_node.profile import OPS
from partnership_partner.bootstrap import PartnerExtension

EXTENSION = PartnerExtension(profile=OPS)
