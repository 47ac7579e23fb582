"""What the NGO node adds to the common partner node: its profile and its own domain."""

from ngo_node.profile import NGO
from partnership_partner.bootstrap import PartnerExtension

EXTENSION = PartnerExtension(profile=NGO)
