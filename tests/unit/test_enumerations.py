"""An enumeration inside a sentence is numbered "1)", as Polish official texts number it, in
every format: pandoc prints it so in Typst and Word; HTML's <ol> has no such marker, so
tables.lua marks the list for report.css."""

from importlib import resources

import pypandoc

ASSETS = resources.files("sprawozdanie.render").joinpath("assets")
MD = "Potrzeby:\n\n1) pierwsza;\n2) druga.\n\nKroki:\n\n1. pierwszy\n2. drugi\n"


def test_the_html_marks_a_paren_numbered_list_and_its_style_numbers_it_so():
    html = pypandoc.convert_text(MD, "html", format="markdown", extra_args=[f"--lua-filter={ASSETS / 'tables.lua'}"])
    assert html.count('<div class="wyliczenie">') == 1
    marked = html.split('<div class="wyliczenie">', 1)[1]
    assert marked.lstrip().startswith("<ol") and "pierwsza;" in marked.split("</div>")[0]
    assert "pierwszy" not in marked.split("</div>")[0]  # a "1." list stays as it was
    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    assert '@counter-style wyliczenie { system: extends decimal; suffix: ") "; }' in css
    assert ".wyliczenie > ol { list-style-type: wyliczenie; }" in css


def test_typst_and_word_number_it_with_a_parenthesis():
    typst = pypandoc.convert_text(MD, "typst", format="markdown")
    assert typst.count('numbering: "1)"') == 1
