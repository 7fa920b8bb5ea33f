"""The synthetic trust: an invented children's trust with its organisation, staff and people, built through
the same actions the pages use. Start at kindred.synthetic.trust (the steps) and `manage.py load_demo`."""
