"""Monthly returns: thin views over returns.selectors (reads) and returns.services (writes),
one module a feature. Every view checks the role on the server (improvement.roles); writes to
a locked period are refused for managers here and again inside the service's transaction.
"""
