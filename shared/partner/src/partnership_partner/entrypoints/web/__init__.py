"""The staff's web application on a partner node: server-rendered pages behind the node's login.

Polish by default (`?lang=en` switches, a cookie remembers), every asset served by the node
itself (no CDN), readable on a laptop and a phone. Pages call the same handlers as the API, in
one transaction each with the events and the audit log (`entrypoints.writes.write`). A partner
service adds its own screens, client-card sections and "My day" items through
`PartnerExtension.workspace` (`web.extension.Workspace`); so will the coordination screens.
"""
