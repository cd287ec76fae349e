"""Course machinery: catalog, lesson pages, question banks, grading, records, certificates."""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "._banks": [
        "ITEM_TYPES",
        "SUPPORTED_SCHEMA_VERSIONS",
        "Bank",
        "BankError",
        "CalculationItem",
        "Item",
        "MultipleSelectItem",
        "NumericItem",
        "OrderingItem",
        "Problem",
        "SingleChoiceItem",
        "TrueFalseItem",
        "load_bank",
        "load_banks",
    ],
    "._ce_hours": [
        "CE_FORMATS",
        "HoursFormula",
        "count_words",
        "format_ce_hours",
        "home_study_hours",
        "markdown_word_count",
        "study_minutes",
    ],
    "._certificates": [
        "CERTIFICATE_ID_LENGTH",
        "CODE_ALPHABET",
        "REJECTED",
        "CertificateData",
        "check_code",
        "format_date",
        "make_code",
        "new_certificate_id",
        "normalize_code",
        "verify_message",
    ],
    "._config": [
        "CertificateSettings",
        "CourseConfig",
        "CourseConfigError",
        "Provider",
        "course_id",
        "course_title",
        "load_config",
    ],
    "._exports": [
        "ADL_VERBS",
        "DEFAULT_BASE_IRI",
        "REPORT_COLUMNS",
        "report_rows",
        "write_report_csv",
        "write_xapi",
        "xapi_statements",
    ],
    "._records": [
        "Answer",
        "Attempt",
        "AttemptRecord",
        "AttemptSummary",
        "BestResult",
        "CertificateRecord",
        "Completion",
        "CompletionStatus",
        "Evaluation",
        "Learner",
        "LessonVisit",
        "QuizResponse",
        "Response",
        "Submission",
    ],
    "._rubric": [
        "RUBRIC_DIMENSIONS",
        "RUBRIC_LEVELS",
        "RUBRIC_NOTICE",
        "RubricDimension",
        "RubricPlacement",
        "RubricRatings",
        "place_on_rubric",
        "rubric_markdown",
    ],
    "._store": [
        "AttemptSubmittedError",
        "DuplicateRecordError",
        "RetryCallback",
        "Store",
        "StoreUnavailableError",
        "UnknownRecordError",
    ],
    "._bank_check": [
        "BankReport",
        "check_paths",
    ],
    "._calculations": [
        "CALCULATIONS",
        "Calculation",
        "calculate",
    ],
    "._catalog": [
        "LESSONS",
        "Lesson",
        "lesson_links_html",
    ],
    "._certificate_pdf": [
        "render_certificate_pdf",
    ],
    "._figures": [
        "figure_bundle",
        "show_figure",
    ],
    "._glossary": [
        "GlossaryTerm",
        "glossary_html",
        "load_glossary",
    ],
    "._grading": [
        "AttemptResult",
        "ItemResult",
        "grade_attempt",
        "grade_item",
    ],
    "._lesson_page": [
        "LessonFacts",
        "LessonHeader",
        "lesson_facts",
        "lesson_header",
    ],
    "._numbers": [
        "UNITS",
        "NotANumberError",
        "Unit",
        "format_number",
        "number_hint",
        "parse_number",
    ],
    "._posttest": [
        "PostTestSession",
    ],
    "._secrets": [
        "SECRET_BYTES",
        "SecretFileError",
        "load_or_create_secret",
    ],
    "._variants": [
        "ShownOption",
        "Variant",
        "VariantItem",
        "draw_variant",
        "new_seed",
    ],
    "._widget": [
        "PostTestWidget",
        "clean_responses",
        "result_summary",
    ],
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, globals(), _EXPORTS)

if TYPE_CHECKING:
    from ._bank_check import (
        BankReport as BankReport,
    )
    from ._bank_check import (
        check_paths as check_paths,
    )
    from ._banks import (
        ITEM_TYPES as ITEM_TYPES,
    )
    from ._banks import (
        SUPPORTED_SCHEMA_VERSIONS as SUPPORTED_SCHEMA_VERSIONS,
    )
    from ._banks import (
        Bank as Bank,
    )
    from ._banks import (
        BankError as BankError,
    )
    from ._banks import (
        CalculationItem as CalculationItem,
    )
    from ._banks import (
        Item as Item,
    )
    from ._banks import (
        MultipleSelectItem as MultipleSelectItem,
    )
    from ._banks import (
        NumericItem as NumericItem,
    )
    from ._banks import (
        OrderingItem as OrderingItem,
    )
    from ._banks import (
        Problem as Problem,
    )
    from ._banks import (
        SingleChoiceItem as SingleChoiceItem,
    )
    from ._banks import (
        TrueFalseItem as TrueFalseItem,
    )
    from ._banks import (
        load_bank as load_bank,
    )
    from ._banks import (
        load_banks as load_banks,
    )
    from ._calculations import (
        CALCULATIONS as CALCULATIONS,
    )
    from ._calculations import (
        Calculation as Calculation,
    )
    from ._calculations import (
        calculate as calculate,
    )
    from ._catalog import (
        LESSONS as LESSONS,
    )
    from ._catalog import (
        Lesson as Lesson,
    )
    from ._catalog import (
        lesson_links_html as lesson_links_html,
    )
    from ._ce_hours import (
        CE_FORMATS as CE_FORMATS,
    )
    from ._ce_hours import (
        HoursFormula as HoursFormula,
    )
    from ._ce_hours import (
        count_words as count_words,
    )
    from ._ce_hours import (
        format_ce_hours as format_ce_hours,
    )
    from ._ce_hours import (
        home_study_hours as home_study_hours,
    )
    from ._ce_hours import (
        markdown_word_count as markdown_word_count,
    )
    from ._ce_hours import (
        study_minutes as study_minutes,
    )
    from ._certificate_pdf import (
        render_certificate_pdf as render_certificate_pdf,
    )
    from ._certificates import (
        CERTIFICATE_ID_LENGTH as CERTIFICATE_ID_LENGTH,
    )
    from ._certificates import (
        CODE_ALPHABET as CODE_ALPHABET,
    )
    from ._certificates import (
        REJECTED as REJECTED,
    )
    from ._certificates import (
        CertificateData as CertificateData,
    )
    from ._certificates import (
        check_code as check_code,
    )
    from ._certificates import (
        format_date as format_date,
    )
    from ._certificates import (
        make_code as make_code,
    )
    from ._certificates import (
        new_certificate_id as new_certificate_id,
    )
    from ._certificates import (
        normalize_code as normalize_code,
    )
    from ._certificates import (
        verify_message as verify_message,
    )
    from ._config import (
        CertificateSettings as CertificateSettings,
    )
    from ._config import (
        CourseConfig as CourseConfig,
    )
    from ._config import (
        CourseConfigError as CourseConfigError,
    )
    from ._config import (
        Provider as Provider,
    )
    from ._config import (
        course_id as course_id,
    )
    from ._config import (
        course_title as course_title,
    )
    from ._config import (
        load_config as load_config,
    )
    from ._exports import (
        ADL_VERBS as ADL_VERBS,
    )
    from ._exports import (
        DEFAULT_BASE_IRI as DEFAULT_BASE_IRI,
    )
    from ._exports import (
        REPORT_COLUMNS as REPORT_COLUMNS,
    )
    from ._exports import (
        report_rows as report_rows,
    )
    from ._exports import (
        write_report_csv as write_report_csv,
    )
    from ._exports import (
        write_xapi as write_xapi,
    )
    from ._exports import (
        xapi_statements as xapi_statements,
    )
    from ._figures import (
        figure_bundle as figure_bundle,
    )
    from ._figures import (
        show_figure as show_figure,
    )
    from ._glossary import (
        GlossaryTerm as GlossaryTerm,
    )
    from ._glossary import (
        glossary_html as glossary_html,
    )
    from ._glossary import (
        load_glossary as load_glossary,
    )
    from ._grading import (
        AttemptResult as AttemptResult,
    )
    from ._grading import (
        ItemResult as ItemResult,
    )
    from ._grading import (
        grade_attempt as grade_attempt,
    )
    from ._grading import (
        grade_item as grade_item,
    )
    from ._lesson_page import (
        LessonFacts as LessonFacts,
    )
    from ._lesson_page import (
        LessonHeader as LessonHeader,
    )
    from ._lesson_page import (
        lesson_facts as lesson_facts,
    )
    from ._lesson_page import (
        lesson_header as lesson_header,
    )
    from ._numbers import (
        UNITS as UNITS,
    )
    from ._numbers import (
        NotANumberError as NotANumberError,
    )
    from ._numbers import (
        Unit as Unit,
    )
    from ._numbers import (
        format_number as format_number,
    )
    from ._numbers import (
        number_hint as number_hint,
    )
    from ._numbers import (
        parse_number as parse_number,
    )
    from ._posttest import (
        PostTestSession as PostTestSession,
    )
    from ._records import (
        Answer as Answer,
    )
    from ._records import (
        Attempt as Attempt,
    )
    from ._records import (
        AttemptRecord as AttemptRecord,
    )
    from ._records import (
        AttemptSummary as AttemptSummary,
    )
    from ._records import (
        BestResult as BestResult,
    )
    from ._records import (
        CertificateRecord as CertificateRecord,
    )
    from ._records import (
        Completion as Completion,
    )
    from ._records import (
        CompletionStatus as CompletionStatus,
    )
    from ._records import (
        Evaluation as Evaluation,
    )
    from ._records import (
        Learner as Learner,
    )
    from ._records import (
        LessonVisit as LessonVisit,
    )
    from ._records import (
        QuizResponse as QuizResponse,
    )
    from ._records import (
        Response as Response,
    )
    from ._records import (
        Submission as Submission,
    )
    from ._rubric import (
        RUBRIC_DIMENSIONS as RUBRIC_DIMENSIONS,
    )
    from ._rubric import (
        RUBRIC_LEVELS as RUBRIC_LEVELS,
    )
    from ._rubric import (
        RUBRIC_NOTICE as RUBRIC_NOTICE,
    )
    from ._rubric import (
        RubricDimension as RubricDimension,
    )
    from ._rubric import (
        RubricPlacement as RubricPlacement,
    )
    from ._rubric import (
        RubricRatings as RubricRatings,
    )
    from ._rubric import (
        place_on_rubric as place_on_rubric,
    )
    from ._rubric import (
        rubric_markdown as rubric_markdown,
    )
    from ._secrets import (
        SECRET_BYTES as SECRET_BYTES,
    )
    from ._secrets import (
        SecretFileError as SecretFileError,
    )
    from ._secrets import (
        load_or_create_secret as load_or_create_secret,
    )
    from ._store import (
        AttemptSubmittedError as AttemptSubmittedError,
    )
    from ._store import (
        DuplicateRecordError as DuplicateRecordError,
    )
    from ._store import (
        RetryCallback as RetryCallback,
    )
    from ._store import (
        Store as Store,
    )
    from ._store import (
        StoreUnavailableError as StoreUnavailableError,
    )
    from ._store import (
        UnknownRecordError as UnknownRecordError,
    )
    from ._variants import (
        ShownOption as ShownOption,
    )
    from ._variants import (
        Variant as Variant,
    )
    from ._variants import (
        VariantItem as VariantItem,
    )
    from ._variants import (
        draw_variant as draw_variant,
    )
    from ._variants import (
        new_seed as new_seed,
    )
    from ._widget import (
        PostTestWidget as PostTestWidget,
    )
    from ._widget import (
        clean_responses as clean_responses,
    )
    from ._widget import (
        result_summary as result_summary,
    )
