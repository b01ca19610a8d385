"""What the measure page's "Changes in process" section (dashboard/_rebases.html) needs to
work out for itself: whether the reader may mark, change and remove them."""

from django import template

from improvement import roles

register = template.Library()


@register.simple_tag(takes_context=True)
def manages_plan(context, plan):
    """Whether the signed-in reader is an admin of the plan (roles.can_manage_plan)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and plan is not None and roles.can_manage_plan(user, plan))
