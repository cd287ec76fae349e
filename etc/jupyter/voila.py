# Voila's configuration for the course. `caserate-course serve` (and so
# `make serve`) starts Voila in this folder, which reads this file.
from caserate_kit.course import (
    cell_timeout,
    hide_session_tokens,
    kernel_pools,
    quiet_trust_warnings,
    refill_delay,
)

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - provided by Voila

# Learners see pages, never code, and never a traceback.
c.VoilaConfiguration.strip_sources = True
c.VoilaConfiguration.show_tracebacks = False
c.VoilaConfiguration.template = "caserate"
# Voila runs each page afresh, so notebook trust (for saved outputs) never
# applies; its warning at every page view would only alarm a trainer (in
# standalone Voila's log, and in a learner's server's log under JupyterHub).
quiet_trust_warnings()
# A page's address holds its learner's session token; the log of a failed
# request would show it to whoever reads the log.
hide_session_tokens()

# A cell that runs longer than 60 s is stopped with a message, except the
# first cell of a pooled page, which waits in the pool for its learner.
c.VoilaExecutor.timeout_func = cell_timeout

# Kernels idle for 5 minutes with no page open are shut down.
c.MappingKernelManager.cull_idle_timeout = 300
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False

# Preheated kernels for the pages a whole class opens at once: the course
# home and the post-tests. `caserate-course serve --class-size N` sizes the
# pools for a class (CASERATE_HOME_POOL, CASERATE_POSTTEST_POOL); each exercise and
# form page (evaluation, details, trainer) keeps one kernel ready (CASERATE_EXERCISE_POOL,
# CASERATE_FORMS_POOL). Lessons, the glossary, certificates and the transcript need none.
c.VoilaConfiguration.preheat_kernel = True
c.VoilaKernelManager.kernel_pools_config = kernel_pools()
# A taken kernel's replacement starts a few seconds later, not while its
# learner's page is still loading (60 s for a pool sized for a class).
c.VoilaKernelManager.fill_delay = refill_delay()

# The page kernel learns its client's address from a header the course's
# server sets (overwriting any a browser sends), to count wrong trainer
# passcodes per address (caserate_kit/course/server/_guard.py).
c.VoilaConfiguration.http_header_envs = ["X-Caserate-Client"]
# A page sends its kernel small messages (answers, clicks): refuse big ones.
c.Voila.tornado_settings = {"websocket_max_message_size": 256 * 1024}
