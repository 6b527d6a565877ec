"""An agreement as a JSON file: export, import through the web form's services, and every way a
file can be wrong (each refused with a Thai message and its JSON path, nothing written)."""
