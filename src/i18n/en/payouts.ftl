# payouts messages (en)
