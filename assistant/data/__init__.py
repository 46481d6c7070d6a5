"""Static data the package ships: the 290 municipalities (kommuner.csv)."""
