"""Small helpers every app may use, and which use no app: ids, regions, validators, path
converters, mail, cache keys, the read-only admin, and the site's health and robots views."""
