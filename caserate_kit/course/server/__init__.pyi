from ._cli import main as main
from ._log import quiet_trust_warnings as quiet_trust_warnings
from ._pools import cell_timeout as cell_timeout
from ._pools import kernel_pools as kernel_pools
from ._pools import refill_delay as refill_delay
from ._serve import home_url as home_url
from ._serve import serve as serve
from ._serve import voila_environment as voila_environment
