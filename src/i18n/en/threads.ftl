# threads and comments (en)
