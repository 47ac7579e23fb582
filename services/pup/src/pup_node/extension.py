"""What the PUP node adds to the common partner node: its profile and its own domain."""

from partnership_partner.bootstrap import PartnerExtension
from pup_node.profile import PUP

EXTENSION = PartnerExtension(profile=PUP)
