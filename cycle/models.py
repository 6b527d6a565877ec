"""The cycle app keeps no tables of its own: its calendar lives on the fiscal year and the round."""
