"""Language: everything plainspeak knows about English text, in one place.

- :mod:`~plainspeak.language.pipeline`: the spaCy pipeline (``spacy.blank("en")``,
  a sentencizer and lookup lemmas, no download); its tokenizer runs once per
  document, on text made safe for it first (:mod:`~plainspeak.language.safe`);
- :mod:`~plainspeak.language.words`: the CMU word list (loaded once), the
  British-to-American spelling table and syllable counts;
- :mod:`~plainspeak.language.sentences`: sentence splits corrected for
  abbreviations ("No. 5", "Dr. Patel");
- :mod:`~plainspeak.language.scores`: readability counts and scores, and the
  ``readability`` object of the JSON report.

Importing this package imports nothing heavy: spaCy loads with the first
:class:`~plainspeak.language.pipeline.Pipeline`.
"""
