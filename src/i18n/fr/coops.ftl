# co-ops, members, invitations, proxies, audit (fr)
