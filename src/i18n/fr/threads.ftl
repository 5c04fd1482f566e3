# threads and comments (fr)
