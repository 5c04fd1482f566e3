# co-ops, members, invitations, proxies, audit (en)
