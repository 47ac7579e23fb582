"""The PUP's own domain: registration of the unemployed and internship stipends (plain rules)."""
