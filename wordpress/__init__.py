"""Move a WordPress blog here: `./inv import-wordpress EXPORT.xml --uploads DIR`.

`wxr` reads the export, `blocks` turns Gutenberg and classic-editor markup into plain
HTML, `markdown` writes Markdown, `media` copies the images from the uploads folder,
`comments` keeps the approved comments as data files, `addresses` lists the old
addresses to redirect, `files` writes without overwriting an author's edits, `report`
says what needs the author, and `importer` puts it together.
"""
