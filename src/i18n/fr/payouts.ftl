# payouts messages (fr)
