"""Course machinery: catalog, lesson pages, question banks, grading, records, certificates."""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "._bank_check": [
        "BankReport",
        "check_paths",
    ],
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
    "._ce_hours": [
        "CE_FORMATS",
        "HoursFormula",
        "count_words",
        "format_ce_hours",
        "home_study_hours",
        "markdown_word_count",
        "study_minutes",
    ],
    "._certificate_pdf": [
        "render_certificate_pdf",
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
    "._completion": [
        "NotCompleteError",
        "certificate_data",
        "certificate_pdf",
        "issue_certificate",
        "lesson_for_course",
        "missing_steps",
        "verify_code",
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
    "._class_records": [
        "read_class_records",
        "ClassRecords",
        "roster",
    ],
    "._class_report": [
        "report_html",
    ],
    "._dashboard": [
        "trainer_dashboard",
        "TrainerDashboard",
        "PasscodeForm",
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
    "._item_analysis": [
        "item_scores",
        "item_analysis",
        "item_verdict",
        "point_biserial",
        "lesson_summary",
        "attempts_to_pass",
        "FACILITY_LOW",
        "FACILITY_HIGH",
        "DISCRIMINATION_LOW",
        "MIN_SHOWN",
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
    "._passcode": [
        "set_trainer_passcode",
        "check_trainer_passcode",
        "trainer_passcode_is_set",
        "trainer_passcode_path",
        "PasscodeRuleError",
        "PasscodeFileError",
        "MIN_PASSCODE_LENGTH",
    ],
    "._posttest": [
        "PostTestSession",
    ],
    "._preheat": [
        "cell_timeout",
        "kernel_pools",
        "refill_delay",
        "when_requested",
    ],
    "._presenter": [
        "presenter_url",
        "PRESENTER_TEMPLATE",
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
    "._secrets": [
        "SECRET_BYTES",
        "SecretFileError",
        "load_or_create_secret",
    ],
    "._serve": [
        "serve",
        "home_url",
    ],
    "._server_log": [
        "quiet_trust_warnings",
    ],
    "._session": [
        "current_learner",
        "learner_from_token",
        "make_token",
        "page_url",
        "query_parameters",
        "sign_in",
    ],
    "._store": [
        "AttemptSubmittedError",
        "DuplicateRecordError",
        "RetryCallback",
        "Store",
        "StoreUnavailableError",
        "UnknownRecordError",
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
    from ._class_records import (
        ClassRecords as ClassRecords,
    )
    from ._class_records import (
        read_class_records as read_class_records,
    )
    from ._class_records import (
        roster as roster,
    )
    from ._class_report import (
        report_html as report_html,
    )
    from ._completion import (
        NotCompleteError as NotCompleteError,
    )
    from ._completion import (
        certificate_data as certificate_data,
    )
    from ._completion import (
        certificate_pdf as certificate_pdf,
    )
    from ._completion import (
        issue_certificate as issue_certificate,
    )
    from ._completion import (
        lesson_for_course as lesson_for_course,
    )
    from ._completion import (
        missing_steps as missing_steps,
    )
    from ._completion import (
        verify_code as verify_code,
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
    from ._dashboard import (
        PasscodeForm as PasscodeForm,
    )
    from ._dashboard import (
        TrainerDashboard as TrainerDashboard,
    )
    from ._dashboard import (
        trainer_dashboard as trainer_dashboard,
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
    from ._item_analysis import (
        DISCRIMINATION_LOW as DISCRIMINATION_LOW,
    )
    from ._item_analysis import (
        FACILITY_HIGH as FACILITY_HIGH,
    )
    from ._item_analysis import (
        FACILITY_LOW as FACILITY_LOW,
    )
    from ._item_analysis import (
        MIN_SHOWN as MIN_SHOWN,
    )
    from ._item_analysis import (
        attempts_to_pass as attempts_to_pass,
    )
    from ._item_analysis import (
        item_analysis as item_analysis,
    )
    from ._item_analysis import (
        item_scores as item_scores,
    )
    from ._item_analysis import (
        item_verdict as item_verdict,
    )
    from ._item_analysis import (
        lesson_summary as lesson_summary,
    )
    from ._item_analysis import (
        point_biserial as point_biserial,
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
    from ._passcode import (
        MIN_PASSCODE_LENGTH as MIN_PASSCODE_LENGTH,
    )
    from ._passcode import (
        PasscodeFileError as PasscodeFileError,
    )
    from ._passcode import (
        PasscodeRuleError as PasscodeRuleError,
    )
    from ._passcode import (
        check_trainer_passcode as check_trainer_passcode,
    )
    from ._passcode import (
        set_trainer_passcode as set_trainer_passcode,
    )
    from ._passcode import (
        trainer_passcode_is_set as trainer_passcode_is_set,
    )
    from ._passcode import (
        trainer_passcode_path as trainer_passcode_path,
    )
    from ._posttest import (
        PostTestSession as PostTestSession,
    )
    from ._preheat import (
        cell_timeout as cell_timeout,
    )
    from ._preheat import (
        kernel_pools as kernel_pools,
    )
    from ._preheat import (
        refill_delay as refill_delay,
    )
    from ._preheat import (
        when_requested as when_requested,
    )
    from ._presenter import (
        PRESENTER_TEMPLATE as PRESENTER_TEMPLATE,
    )
    from ._presenter import (
        presenter_url as presenter_url,
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
    from ._serve import (
        home_url as home_url,
    )
    from ._serve import (
        serve as serve,
    )
    from ._server_log import (
        quiet_trust_warnings as quiet_trust_warnings,
    )
    from ._session import (
        current_learner as current_learner,
    )
    from ._session import (
        learner_from_token as learner_from_token,
    )
    from ._session import (
        make_token as make_token,
    )
    from ._session import (
        page_url as page_url,
    )
    from ._session import (
        query_parameters as query_parameters,
    )
    from ._session import (
        sign_in as sign_in,
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
