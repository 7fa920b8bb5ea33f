"""Front-door pages: the queue, a contact from receipt to decision."""
