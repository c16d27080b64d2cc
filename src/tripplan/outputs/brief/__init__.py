"""The briefing pack: one itinerary, four audiences, four languages, three formats.

`pack` decides what each audience reads (sections, fields) and says it in the chosen
language (`i18n`, gettext catalogues in `locale/`); the result is a `model.Pack` of
plain blocks (headings, paragraphs, tables, the run of a day, route sketches) that the
writers lay out: `pdf` (fpdf2, measured before placing), `html` (print CSS, the font
embedded) and `docx` (python-docx, real Word styles). Part of `outputs`: imports
`format`, `geo`, `plan`, `checks` and the base modules, never the pipeline or the CLI.
"""
