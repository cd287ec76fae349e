from ._certificate import certificate_page as certificate_page
from ._dashboard import trainer_dashboard as trainer_dashboard
from ._details import details_page as details_page
from ._evaluation import evaluation_page as evaluation_page
from ._glossary import glossary_page as glossary_page
from ._home import home_page as home_page
from ._posttest import posttest_page as posttest_page
from ._warm import when_requested as when_requested
