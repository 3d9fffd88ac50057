"""Turn source files into passages: parse, locate every provision, label, chunk."""
