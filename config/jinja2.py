"""The Jinja2 environment of the few partials that pages repeat hundreds or thousands of times.

Pages are Django templates. The rows of long tables (templates/jinja2/rows/) and the printed
charts (templates/jinja2/charts/) are Jinja2 templates, drawn into pages by the `partial` tag
(measures/templatetags/tracker.py): a county's board pack has 2,500 action rows, 400 measure
rows and 400 charts, and Jinja2, which compiles a template to Python, draws them several
times faster than Django's engine. Both escape everything they write unless told it is safe;
the RAG and trend labels are the same template tags the Django templates use.
"""

from django.urls import reverse
from jinja2 import Environment, StrictUndefined

from dashboard.charts import printed_chart, sparkline
from measures.templatetags.spc import assurance_html, variation_html
from measures.templatetags.tracker import rag_tag, trend_tag


def environment(**options):
    options.pop("autoescape", None)  # Django's backend passes True: said here, plainly
    options["undefined"] = StrictUndefined  # a misspelt name is an error, not a blank
    env = Environment(autoescape=True, **options)
    env.globals.update(
        {
            "rag_tag": rag_tag,
            "trend_tag": trend_tag,
            "spc_variation": variation_html,
            "spc_assurance": assurance_html,
            "sparkline": sparkline,
            "printed_chart": printed_chart,
            "url": reverse,
        }
    )
    return env
