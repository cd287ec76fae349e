"""Uploads: an agency's own numbers for the case-rate calculator and the budget balancer."""

from __future__ import annotations

import builtins
import io
import math
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.formula import ArrayFormula

import caserate_kit as ck
from caserate_kit.course.exercises import _upload_read
from caserate_kit.course.exercises._balancer import first_draft
from caserate_kit.course.exercises._calculator import (
    admirable_inputs,
    build_plan,
    input_problems,
    mix_message,
)
from caserate_kit.course.exercises._upload_check import TABLES
from caserate_kit.course.exercises._upload_read import MAX_ROWS, MAX_UNPACKED_BYTES
from caserate_kit.course.exercises._uploads import (
    MAX_PROBLEMS,
    MAX_UPLOAD_BYTES,
    csv_templates,
    read_balancer_upload,
    read_calculator_upload,
    template_workbook,
)

LEVELS_HEADER = "Level,Description,Average hours,Share of cases"


def levels_csv(*rows: str, header: str = LEVELS_HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


def workbook(tmp_path: Path, sheets: dict[str, list[list[Any]]], name: str = "book.xlsx") -> bytes:
    """An .xlsx file built with openpyxl and saved in tmp_path; its bytes."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path.read_bytes()


def admirable_levels() -> list[list[Any]]:
    return [
        ["Level", "Description", "Average hours", "Share of cases"],
        ["A", "Recovery", 10, 0.20],
        ["B", "Low intensity", 30, 0.37],
        ["C", "High intensity", 80, 0.33],
        ["D", "Wraparound", 110, 0.10],
    ]


def only(upload: Any) -> str:
    assert upload.inputs is None
    assert len(upload.problems) == 1, upload.problems
    return str(upload.problems[0])


# -- templates ------------------------------------------------------------------------------


def test_template_workbook_reads_back_as_exactly_the_admirable_inputs():
    """Does the template, read back, give admirable_inputs() and its $24,030,535 budget?"""
    upload = read_calculator_upload(template_workbook(), "caserate-inputs.xlsx")
    assert upload.problems == ()
    assert upload.inputs == admirable_inputs()
    assert input_problems(upload.inputs) == []
    assert ck.format_dollars(build_plan(upload.inputs).total_budget()) == "$24,030,535"
    assert upload.tables == ("Population", "Levels", "Service codes")
    assert upload.level_names == {
        level.code: level.description for level in ck.examples.ADMIRABLE_LEVELS
    }


def test_template_workbook_reads_back_as_exactly_the_first_draft():
    """Does the template, read back, give the balancer's first draft, dashboard and all?"""
    upload = read_balancer_upload(template_workbook(), "caserate-inputs.xlsx")
    assert upload.problems == ()
    assert upload.inputs == first_draft()
    assert str(upload.inputs.model.dashboard()) == str(first_draft().model.dashboard())


def test_template_workbook_opens_with_how_to_then_one_sheet_a_table():
    """Does the template start with "How to fill this in", which states the limits?"""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(template_workbook()))
    assert book.sheetnames == ["How to fill this in", *(spec.name for spec in TABLES)]
    how_to = " ".join(str(row[0]) for row in book["How to fill this in"].values if row[0])
    assert f"at most {MAX_ROWS} a sheet" in how_to
    assert f"{MAX_UPLOAD_BYTES / 1_000_000:g} MB" in how_to
    assert "formula" in how_to
    assert "macros" in how_to
    assert "Levels.csv" in how_to
    assert [cell.value for cell in book["Levels"][1]] == list(TABLES[1].columns())


def test_csv_templates_read_back_onto_other_inputs_as_the_examples():
    """Does each CSV template replace its table, so all of them give the examples back?"""
    files = csv_templates()
    assert list(files) == [f"{spec.name}.csv" for spec in TABLES]
    inputs = replace(
        admirable_inputs(),
        enrollees=1.0,
        mix={"X": 100.0},
        hours={"X": 1.0},
        rate_per_hour=1.0,
        scenario="Low",
    )
    state = replace(first_draft(), bachelors=0.5, masters_salary=1.0)
    state = replace(state, model=ck.examples.zontanos_balanced())
    for spec in reversed(TABLES):  # Service codes alone set the cost per hour; then Population
        content = files[f"{spec.name}.csv"]
        if spec.exercise == "calculator":
            upload = read_calculator_upload(content, f"{spec.name}.csv", inputs)
            assert upload.problems == (), spec.name
            inputs = upload.inputs
        else:
            balanced = read_balancer_upload(content, f"{spec.name}.csv", state)
            assert balanced.problems == (), spec.name
            state = balanced.inputs
    assert inputs == admirable_inputs()
    assert state == first_draft()


def test_csv_templates_show_numbers_the_way_people_type_them():
    """Do the CSV templates hold $ amounts with commas and percents with a % sign?"""
    text = csv_templates()["Plan levels.csv"].decode("utf-8-sig")
    assert text.splitlines()[2] == 'B,37%,36,"$4,758.5217"'


# -- what people type -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("$1,200", 1200.0), ("1,200.50", 1200.5), (" 30 ", 30.0), ("\u00a0$30\u00a0", 30.0)],
)
def test_amounts_are_read_as_typed(typed: str, amount: float):
    """Are "$1,200", "1,200.50" and numbers with spaces around them read?"""
    content = f'Code,Masters level,Rate per hour,Annual hours\n90837,100%,"{typed}",10\n'
    upload = read_calculator_upload(content.encode(), "Service codes.csv")
    assert upload.problems == ()
    assert upload.inputs.rate_per_hour == amount


@pytest.mark.parametrize("typed", ["37%", "0.37", " 0.37 ", "37", " 37 % "])
def test_shares_are_read_as_typed(typed: str):
    """Is Level B's share 37% whether typed as 37%, 0.37, 37 or with spaces?"""
    content = levels_csv("A,,10,20%", f'B,,30,"{typed}"', "C,,80,33%", "D,,110,10%")
    upload = read_calculator_upload(content, "Levels.csv")
    assert upload.problems == ()
    assert upload.inputs.mix == admirable_inputs().mix


def test_percent_cells_in_a_workbook_are_read_as_shown(tmp_path: Path):
    """Is a cell holding 0.37 shown as 37% read as 37%, and a plain 37 too?"""
    rows = admirable_levels()
    rows[2][3] = 37
    content = workbook(tmp_path, {"Levels": rows})
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    book["Levels"]["D4"].number_format = "0%"
    buffer = io.BytesIO()
    book.save(buffer)
    upload = read_calculator_upload(buffer.getvalue(), "book.xlsx")
    assert upload.problems == ()
    assert upload.inputs.mix == admirable_inputs().mix


def test_column_names_match_in_any_case_and_order_and_blank_rows_are_skipped():
    """Are "share of cases, LEVEL, average hours" in any order and empty rows accepted?"""
    content = levels_csv(
        "20%,A,10",
        "",
        ",,",
        "37%,B,30",
        "33%,C,80",
        "10%,D,110",
        header="share of cases, LEVEL ,average  hours",
    )
    upload = read_calculator_upload(content, "Levels.csv")
    assert upload.problems == ()
    assert upload.inputs.hours == admirable_inputs().hours


def test_semicolons_and_windows_encoding_are_read():
    """Is a CSV saved by a European or older Windows Excel (";" and cp1252) read?"""
    text = LEVELS_HEADER.replace(",", ";") + "\nA;Réadaptation;10;20%\n"
    text += "B;;30;37%\nC;;80;33%\nD;;110;10%\n"
    upload = read_calculator_upload(text.encode("cp1252"), "Levels.csv")
    assert upload.problems == ()
    assert upload.level_names == {"A": "Réadaptation"}


def test_an_upload_from_a_file_upload_widget_memoryview_is_read():
    """Is the memoryview an ipywidgets FileUpload holds read like bytes?"""
    content = memoryview(csv_templates()["Levels.csv"])
    assert read_calculator_upload(content, "Levels.csv").inputs == admirable_inputs()


# -- problems, each named by sheet, row and column ------------------------------------------


def test_missing_columns_are_named_with_the_columns_found():
    """Does a Levels table with "Hours" for "Average hours" name what is missing and found?"""
    content = levels_csv("A,x,10,20%", header="Level,Description,Hours,Share")
    assert only(read_calculator_upload(content, "Levels.csv")) == (
        "Levels: row 1 has no column Average hours and no column Share of cases. Row 1 "
        "holds: Level, Description, Hours, Share. It must hold the column names Level, "
        "Description, Average hours, Share of cases (in any order)."
    )


def test_an_item_table_without_item_and_value_columns_is_refused():
    """Does a Population sheet whose row 1 is data, not column names, say so?"""
    content = b"Enrollees,30000\nLow penetration rate,9%\n"
    message = only(read_calculator_upload(content, "Population.csv"))
    assert message.startswith("Population: row 1 has no column Item and no column Value.")


def test_text_in_a_number_cell_is_named_by_sheet_row_and_column():
    """Is "$1,2O0" (a letter O) reported as not a number, at its row and column?"""
    content = b"Code,Masters level,Rate per hour,Annual hours\n90837,100%,10,5\n"
    content += b'90834,100%,"$1,2O0",5\n'
    assert only(read_calculator_upload(content, "Service codes.csv")) == (
        "Service codes, row 3, column Rate per hour: “$1,2O0” is not a number. "
        "Type digits, for example 1,250."
    )


def test_a_unit_that_does_not_fit_the_column_is_named():
    """Is "12%" in an hours column refused with the reason?"""
    content = levels_csv("A,,12%,20%", "B,,30,37%", "C,,80,33%", "D,,110,10%")
    assert only(read_calculator_upload(content, "Levels.csv")) == (
        "Levels, row 2, column Average hours: “12%” has a percent sign, but this answer "
        "is hours. Type digits, for example 40."
    )


def test_negative_hours_are_refused():
    """Is -5 average hours reported at Levels, row 3, column Average hours?"""
    content = levels_csv("A,,10,20%", "B,,-5,37%", "C,,80,33%", "D,,110,10%")
    assert only(read_calculator_upload(content, "Levels.csv")) == (
        "Levels, row 3, column Average hours: “-5” is below zero; it cannot be negative. "
        "Type 0 or more."
    )


def test_a_mix_that_does_not_add_up_uses_the_calculators_wording():
    """Is a 90% case mix reported in mix_message's words?"""
    content = levels_csv("A,,10,20%", "B,,30,27%", "C,,80,33%", "D,,110,10%")
    expected = mix_message({"A": 20, "B": 27, "C": 33, "D": 10})
    assert only(read_calculator_upload(content, "Levels.csv")) == f"Levels: {expected}"


def test_a_staff_mix_over_100_percent_is_reported_in_the_same_style():
    """Does the staff mix say how many points it is over 100%?"""
    text = csv_templates()["Staff mix.csv"].decode("utf-8-sig").replace("60%", "70%")
    message = only(read_balancer_upload(text.encode(), "Staff mix.csv"))
    assert message == (
        "Staff mix: The staff mix adds up to 110%, 10 points over 100%. "
        "Take 10 points off across the roles."
    )


def test_a_mix_within_the_tolerance_is_scaled_to_exactly_100_percent():
    """Does a plan mix of 33.33 + 33.33 + 33.335 (inside the tolerance) make a model?"""
    content = b"Level,Share of cases,Hours per case,Case rate\n"
    content += b"A,33.33%,10,1000\nB,33.33%,20,2000\nC,33.335%,30,3000\n"
    upload = read_balancer_upload(content, "Plan levels.csv")
    assert upload.problems == ()
    assert math.fsum(upload.inputs.model.case_mix.values()) == pytest.approx(1, abs=1e-12)


def test_a_level_on_two_rows_names_both_rows():
    """Is a second row for level B reported with the first row's number?"""
    content = levels_csv("A,,10,20%", "B,,30,37%", "C,,80,33%", "D,,110,10%", "B,,5,0%")
    assert only(read_calculator_upload(content, "Levels.csv")) == (
        "Levels, row 6, column Level: Level “B” is on two rows. Keep one row for it. "
        "(It is also on row 3.)"
    )


def test_item_table_problems_name_the_item():
    """Are a zero, a percent over 100, a misspelt item and a missing item all reported?"""
    content = b"Item,Value\nEnrollees,0\nLow penetration rate,120%\nEnrolees,5\n"
    content += b"Medium penetration rate,10%\nHigh penetration rate,11%\n"
    content += b"Scenario for the plan,Mid\nCost per hour,158\n"
    assert read_calculator_upload(content, "Population.csv").problems == (
        "Population, row 4, column Item: “Enrolees” is not an item of this table. The items "
        "are: Enrollees, Low penetration rate, Medium penetration rate, High penetration "
        "rate, Scenario for the plan, Cost per hour.",
        "Population, row 2, column Value (Enrollees): “0” must be more than zero. "
        "Type a number above 0.",
        "Population, row 3, column Value (Low penetration rate): “120%” is more than 100%. "
        "Type a percent from 0% to 100%.",
        "Population, row 7, column Value (Scenario for the plan): “Mid” is not a scenario. "
        "Type one of: Low, Medium, High.",
    )


def test_a_blank_required_value_says_what_to_type():
    """Is a blank Enrollees value reported with an example, and a missing row named?"""
    content = b"Item,Value\nEnrollees,\nLow penetration rate,9%\n"
    problems = read_calculator_upload(content, "Population.csv").problems
    assert problems[0] == (
        "Population, row 2, column Value (Enrollees): is blank. "
        "Type the people covered, for example 30,000."
    )
    assert problems[1] == (
        "Population: no row for Medium penetration rate. Add a row with Medium penetration "
        "rate in column Item and its value in column Value."
    )


def test_leave_and_training_that_fill_the_year_are_refused():
    """Does a plan with 2,000 leave and 100 training hours of 2,080 paid say why?"""
    content = b"Item,Value\nConsumers a year,1000\nProductivity,60%\n"
    content += b'Leave hours a year,"2,000"\nTraining hours a year,100\n'
    assert only(read_balancer_upload(content, "Clinical plan.csv")) == (
        "Clinical plan: Leave and training hours (2,100) leave no time for service in the "
        "2,080 paid hours a year. Lower them."
    )


def test_a_missing_role_in_the_staff_mix_is_named():
    """Does a staff mix without nurses ask for a Nurses row?"""
    lines = csv_templates()["Staff mix.csv"].decode("utf-8-sig").splitlines()
    content = "\n".join(line for line in lines if not line.startswith("Nurses")).encode()
    assert only(read_balancer_upload(content, "Staff mix.csv")) == (
        "Staff mix: No row for Nurses. Add one (its share may be 0%)."
    )


def test_problems_are_capped_with_a_count_of_the_rest():
    """Are 30 bad rows shown as 20 problems and "… and 10 more problems."?"""
    rows = [f"L{i},,-1,1%" for i in range(30)]
    upload = read_calculator_upload(levels_csv(*rows), "Levels.csv")
    assert len(upload.problems) == 30
    shown = upload.messages()
    assert shown[:MAX_PROBLEMS] == list(upload.problems[:MAX_PROBLEMS])
    assert shown[MAX_PROBLEMS:] == [f"… and {30 - MAX_PROBLEMS} more problems."]


# -- which tables a file holds --------------------------------------------------------------


def test_a_csv_is_named_after_its_table():
    """Is "Levels (2).csv" read as Levels, and "data.csv" asked to be renamed?"""
    content = csv_templates()["Levels.csv"]
    assert read_calculator_upload(content, "Levels (2).csv").inputs == admirable_inputs()
    assert only(read_calculator_upload(content, "data.csv")) == (
        "“data.csv” does not say which table it holds. A CSV file holds one table and is "
        "named after it: Population.csv, Levels.csv, Service codes.csv. Rename the file and "
        "upload it again."
    )


def test_a_csv_of_the_other_exercise_says_where_it_belongs():
    """Is Staffing.csv uploaded to the calculator sent to the balancer?"""
    content = csv_templates()["Staffing.csv"]
    assert only(read_calculator_upload(content, "Staffing.csv")) == (
        "“Staffing.csv” holds the Staffing table of the budget balancer; the case-rate "
        "calculator reads Population, Levels and Service codes."
    )


def test_a_table_left_out_keeps_the_numbers_already_there():
    """Does a Levels-only upload keep the base's enrollees, scenario and cost per hour?"""
    base = replace(admirable_inputs(), enrollees=12_000.0, scenario="High")
    upload = read_calculator_upload(csv_templates()["Levels.csv"], "Levels.csv", base)
    assert upload.inputs == base


def test_a_misspelt_sheet_is_refused(tmp_path: Path):
    """Is a misspelt "Level" sheet reported, naming the sheet it looks like, not left unread?"""
    content = workbook(tmp_path, {"Level": admirable_levels()})
    assert only(read_calculator_upload(content, "book.xlsx")) == (
        "Sheet “Level” is not a sheet of the template, but its name is close to Levels. If it "
        "holds the Levels table, rename it Levels; if not, give it another name or delete it."
    )


def test_an_agencys_own_sheet_is_not_read_and_a_note_says_so(tmp_path: Path):
    """Is a "Notes" sheet beside the Levels sheet left unread, with a note, and the rest used?"""
    notes = [["Prepared by finance"], ["=SUM(1,2)"], ["anything at all"]]
    content = workbook(tmp_path, {"Notes": notes, "Levels": admirable_levels()})
    upload = read_calculator_upload(content, "book.xlsx")
    assert upload.problems == ()
    assert upload.inputs is not None
    assert upload.tables == ("Levels",)
    assert upload.notes == ("Sheet “Notes” was not read: it is not a sheet of the template.",)
    balancer = read_balancer_upload(
        workbook(tmp_path, {"Notes": notes, "Overhead": [["Item", "Value"], ["Travel", 5]]}),
        "book.xlsx",
    )
    assert balancer.problems == ()
    assert balancer.notes == upload.notes


def test_a_workbook_of_only_its_own_sheets_lists_them(tmp_path: Path):
    """Does a workbook holding none of the template's sheets still say so, listing its own?"""
    content = workbook(tmp_path, {"Notes": [["Prepared by finance"]]})
    assert only(read_calculator_upload(content, "book.xlsx")) == (
        "“book.xlsx” holds none of the sheets of the case-rate calculator (Population, "
        "Levels and Service codes). Its sheets are: Notes."
    )


def test_a_workbook_without_the_exercises_sheets_lists_its_sheets(tmp_path: Path):
    """Does a balancer-only workbook, given to the calculator, list the sheets it has?"""
    content = workbook(tmp_path, {"Overhead": [["Item", "Value"], ["Travel", 5]]})
    assert only(read_calculator_upload(content, "book.xlsx")) == (
        "“book.xlsx” holds none of the sheets of the case-rate calculator (Population, "
        "Levels and Service codes). Its sheets are: Overhead."
    )


def test_cost_per_hour_blank_is_worked_out_from_the_service_codes(tmp_path: Path):
    """Is a blank Cost per hour the Service codes' volume-weighted rate?"""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(template_workbook()))
    book["Population"]["B7"].value = None
    path = tmp_path / "blank.xlsx"
    book.save(path)
    upload = read_calculator_upload(path.read_bytes(), "blank.xlsx")
    worked_out = ck.cost_per_hour(ck.examples.ADMIRABLE_SERVICE_CODES)
    assert upload.inputs.rate_per_hour == pytest.approx(worked_out, rel=1e-15)


def test_cost_per_hour_that_disagrees_with_the_service_codes_is_refused(tmp_path: Path):
    """Is a typed $160.00 next to Service codes that work out $158.62 reported?"""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(template_workbook()))
    book["Population"]["B7"].value = 160
    path = tmp_path / "mismatch.xlsx"
    book.save(path)
    worked_out = ck.cost_per_hour(ck.examples.ADMIRABLE_SERVICE_CODES)
    assert only(read_calculator_upload(path.read_bytes(), "mismatch.xlsx")) == (
        "Population: Cost per hour, $160.00, is not the "
        f"{ck.format_dollars(worked_out, cents=True)} the Service codes table works out "
        "(its rates weighted by annual hours). Correct one of them, or leave Cost per hour "
        "blank to use the Service codes figure."
    )


def test_cost_per_hour_blank_without_service_codes_is_refused():
    """Does a Population table with no cost per hour and no Service codes say what to add?"""
    text = csv_templates()["Population.csv"].decode("utf-8-sig")
    content = text.replace("$158.61739", "").encode()
    assert only(read_calculator_upload(content, "Population.csv")).startswith(
        "Population: Cost per hour is blank and the file has no Service codes table"
    )


def test_a_staff_mix_sets_the_average_salary_and_the_knobs():
    """Does an uploaded staff mix give the average salary, case managers' share and salary?"""
    content = b"Role,Share of direct FTEs,Salary\nPrescribers,10%,200000\nNurses,0%,0\n"
    content += b"Master's-level clinicians,50%,70000\nbachelor's level case managers,40%,50000\n"
    state = read_balancer_upload(content, "Staff mix.csv").inputs
    assert state.model.staffing.avg_direct_salary == pytest.approx(
        0.1 * 200_000 + 0.5 * 70_000 + 0.4 * 50_000
    )
    assert (state.bachelors, state.masters_salary) == (0.4, 70_000.0)


# -- files that are not what they say -------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\r\n"])
@pytest.mark.parametrize("name", ["Levels.csv", "Levels.xlsx"])
def test_an_empty_file_is_refused(content: bytes, name: str):
    """Is an empty (or blank) file reported as empty?"""
    assert only(read_calculator_upload(content, name)) == (
        f"“{name}” is empty. Fill in the template and upload it again."
    )


def test_a_sheet_with_nothing_in_it_is_reported(tmp_path: Path):
    """Is an empty Levels sheet, and one with only column names, reported?"""
    content = workbook(tmp_path, {"Levels": [], "Population": [["Item", "Value"]]})
    assert read_calculator_upload(content, "book.xlsx").problems == (
        "Levels: the table is empty. Copy it from the template and fill it in.",
        "Population: no rows under the column names in row 1. Add one row per item.",
    )


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(monkeypatch):
    """Is a file just over the limit refused, naming the 1 MB limit, without being parsed?"""

    def never(*args: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(_upload_read, "_read_csv", never)
    monkeypatch.setattr(_upload_read, "_read_workbook", never)
    big = b"Level,Average hours\n" + b"A,1\n" * (MAX_UPLOAD_BYTES // 4)
    for name in ("Levels.csv", "Levels.xlsx"):
        message = only(read_calculator_upload(big, name))
        assert "the limit is 1 MB a file" in message


def test_a_csv_over_the_row_limit_is_refused_before_it_is_parsed(monkeypatch):
    """Is a 501-row table refused, naming the 500-row limit, before csv splits it?"""

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(_upload_read.csv, "reader", never)
    content = levels_csv(*(f"L{i},,1,0%" for i in range(MAX_ROWS + 1)))
    assert only(read_calculator_upload(content, "Levels.csv")) == (
        f"Levels: more than {MAX_ROWS} rows. A table may have at most {MAX_ROWS} rows under "
        "its column names; remove the rows the course does not use."
    )


def test_exactly_the_row_limit_is_accepted():
    """Are 500 rows under the column names read?"""
    rows = [f"L{i},,1,{'0.2%' if i < MAX_ROWS else ''}" for i in range(MAX_ROWS)]
    upload = read_calculator_upload(levels_csv(*rows), "Levels.csv")
    assert upload.problems == ()
    assert len(upload.inputs.mix) == MAX_ROWS


def test_a_sheet_over_the_row_limit_is_refused(tmp_path: Path):
    """Is a 600-row sheet refused, naming the limit?"""
    rows = admirable_levels()[:1] + [[f"L{i}", "", 1, 0] for i in range(600)]
    content = workbook(tmp_path, {"Levels": rows})
    assert only(read_calculator_upload(content, "book.xlsx")).startswith(
        f"Levels: more than {MAX_ROWS} rows."
    )


def test_a_workbook_that_unpacks_too_big_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    """Is a small workbook hiding 26 MB of zeros refused before openpyxl opens it?"""
    import openpyxl

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(workbook(tmp_path, {"Levels": admirable_levels()}))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", bytes(MAX_UNPACKED_BYTES + 1_000_000))
    content = path.read_bytes()
    assert len(content) < MAX_UPLOAD_BYTES
    assert "the limit for a workbook" in only(read_calculator_upload(content, "bomb.xlsx"))


def test_random_bytes_are_not_a_workbook():
    """Are random bytes named .xlsx refused as not an Excel workbook?"""
    content = bytes(range(256)) * 8
    assert only(read_calculator_upload(content, "Levels.xlsx")) == (
        "“Levels.xlsx” is not an Excel workbook. In Excel, choose Save As, Excel Workbook "
        "(.xlsx), and upload that file."
    )


def test_random_bytes_are_not_a_csv():
    """Are binary bytes named .csv refused as not a CSV file?"""
    message = only(read_calculator_upload(bytes(range(256)) * 8, "Levels.csv"))
    assert message.startswith("“Levels.csv” is not a CSV file")


def test_a_workbook_named_csv_is_refused(tmp_path: Path):
    """Is an .xlsx workbook renamed .csv refused with what to do?"""
    content = workbook(tmp_path, {"Levels": admirable_levels()})
    assert "upload the workbook as .xlsx" in only(read_calculator_upload(content, "Levels.csv"))


@pytest.mark.parametrize("name", ["Levels.xlsx", "Levels.csv"])
def test_a_pdf_is_refused(name: str):
    """Is a PDF refused as a PDF, whatever its name?"""
    assert only(read_calculator_upload(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", name)) == (
        f"“{name}” is a PDF. Upload the CSV or Excel (.xlsx) file itself."
    )


def test_a_word_document_renamed_xlsx_is_refused(tmp_path: Path):
    """Is a .docx renamed .xlsx named as a Word file?"""
    path = tmp_path / "notes.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert only(read_calculator_upload(path.read_bytes(), "Levels.xlsx")) == (
        "“Levels.xlsx” is a Word file renamed .xlsx, not an Excel workbook."
    )


def test_an_old_or_password_protected_workbook_is_refused():
    """Is an OLE file (an .xls, or an .xlsx with a password) refused with what to do?"""
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    message = only(read_calculator_upload(content, "Levels.xlsx"))
    assert "without a password" in message


@pytest.mark.parametrize(
    ("name", "words"),
    [("Levels.xls", "old Excel format"), ("Levels.ods", "is not a CSV (.csv) or Excel")],
)
def test_other_file_kinds_are_refused(name: str, words: str):
    """Are .xls and .ods files refused by name?"""
    assert words in only(read_calculator_upload(b"anything", name))


def test_a_damaged_workbook_is_reported_not_raised(tmp_path: Path):
    """Is a zip with a broken workbook part reported, without a traceback?"""
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<not xml")
    assert only(read_calculator_upload(path.read_bytes(), "broken.xlsx")).startswith(
        "“broken.xlsx” could not be read as an Excel workbook"
    )


# -- formulas and macros --------------------------------------------------------------------


def test_a_formula_in_a_csv_is_refused_naming_the_cell():
    """Is "=A2*3" in a CSV refused as a formula at cell C3?"""
    content = levels_csv("A,,10,20%", "B,,=A2*3,37%", "C,,80,33%", "D,,110,10%")
    assert only(read_calculator_upload(content, "Levels.csv")) == (
        "Levels, row 3, column Average hours: cell C3 holds a formula (=A2*3). Formulas are "
        "never worked out here: type the value itself (in Excel, copy the cells, then "
        "Paste Special, Values)."
    )


def test_a_formula_in_a_text_column_is_refused():
    """Is a description starting with "=" refused too?"""
    content = levels_csv('A,"=HYPERLINK(""http://x"")",10,20%', "B,,30,37%", "C,,80,33%")
    message = read_calculator_upload(content, "Levels.csv").problems[0]
    assert message.startswith("Levels, row 2, column Description: cell B2 holds a formula")


def test_formula_cells_in_a_workbook_are_refused_and_never_worked_out(tmp_path: Path):
    """Are a formula and an array formula refused by cell, with the formula's own text?"""
    rows = admirable_levels()
    rows[2][2] = "=C2*3"
    content = workbook(tmp_path, {"Levels": rows})
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    book["Levels"]["D5"] = ArrayFormula("D5", "=SUM(D2:D4)")
    buffer = io.BytesIO()
    book.save(buffer)
    problems = read_calculator_upload(buffer.getvalue(), "book.xlsx").problems
    assert problems == (
        "Levels, row 3, column Average hours: cell C3 holds a formula (=C2*3). Formulas are "
        "never worked out here: type the value itself (in Excel, copy the cells, then "
        "Paste Special, Values).",
        "Levels, row 5, column Share of cases: cell D5 holds a formula (=SUM(D2:D4)). "
        "Formulas are never worked out here: type the value itself (in Excel, copy the "
        "cells, then Paste Special, Values).",
    )


def test_an_xlsm_name_is_refused_as_macros():
    """Is a file named .xlsm refused before it is opened?"""
    assert only(read_calculator_upload(b"PK\x03\x04anything", "Levels.xlsm")).startswith(
        "“Levels.xlsm” is a workbook with macros (.xlsm)."
    )


@pytest.mark.parametrize("part", ["xl/vbaProject.bin", "xl/VBAPROJECT.BIN"])
def test_a_vba_project_inside_an_xlsx_is_refused(tmp_path: Path, part: str):
    """Is a workbook with a vbaProject.bin inside refused even when named .xlsx?"""
    path = tmp_path / "macros.xlsx"
    path.write_bytes(workbook(tmp_path, {"Levels": admirable_levels()}))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(part, b"\xcc\x61 macro")
    assert only(read_calculator_upload(path.read_bytes(), "macros.xlsx")) == (
        "“macros.xlsx” holds macros, which are never accepted. Save a copy as Excel "
        "Workbook (.xlsx), which leaves the macros out, and upload that."
    )


def test_a_macro_enabled_content_type_is_refused(tmp_path: Path):
    """Is a workbook declaring itself macro-enabled refused, with no vbaProject.bin?"""
    source = zipfile.ZipFile(io.BytesIO(workbook(tmp_path, {"Levels": admirable_levels()})))
    path = tmp_path / "declared.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
            archive.writestr(item, data)
    assert "holds macros" in only(read_calculator_upload(path.read_bytes(), "declared.xlsx"))


# -- nothing written ------------------------------------------------------------------------


def test_reading_writes_nothing_to_disk(tmp_path: Path, monkeypatch):
    """Do both readers work on bytes alone, opening no file and leaving the folder empty?"""
    content = template_workbook()
    monkeypatch.chdir(tmp_path)
    real_open = builtins.open

    def no_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+"):
            raise AssertionError(f"opened {file} to write")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", no_open)
    assert read_calculator_upload(content, "book.xlsx").inputs == admirable_inputs()
    assert read_balancer_upload(content, "book.xlsx").inputs == first_draft()
    assert list(tmp_path.iterdir()) == []


def test_a_service_codes_clinician_mix_must_add_up_on_its_row():
    """Is a code whose clinician shares add up to 90% reported on its own row?"""
    content = b"Code,Prescriber,Masters level,Rate per hour,Annual hours\n"
    content += b"90837,,100%,150,10\n90834,30%,60%,120,10\n"
    expected = mix_message({"Prescriber": 30, "Masters level": 60})
    expected = expected.replace("The case mix", "Code 90834's clinician mix")
    expected = expected.replace("across the levels", "across the clinician columns")
    assert only(read_calculator_upload(content, "Service codes.csv")) == (
        f"Service codes, row 3: {expected}"
    )


def test_service_codes_without_hours_are_refused():
    """Is a Service codes table whose annual hours add up to 0 refused?"""
    content = b"Code,Masters level,Rate per hour,Annual hours\n90837,100%,150,0\n"
    assert only(read_calculator_upload(content, "Service codes.csv")) == (
        "Service codes: The annual hours add up to 0. Type each code's hours a year."
    )
