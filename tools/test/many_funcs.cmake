# Writes OUT: a module of a million empty functions, in text.
string(REPEAT "(func)\n" 1000000 funcs)
file(WRITE ${OUT} "(module\n${funcs})\n")
