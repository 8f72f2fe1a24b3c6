"""What the budget system defines, written once: the template vocabulary (`templates.yaml`)."""
