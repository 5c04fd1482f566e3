# work log, payout rules and monthly runs (en)
