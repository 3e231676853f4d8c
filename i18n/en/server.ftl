# Names the server shows about itself.

# The name of this language, written in this language (used in language pickers).
locale-name = English
