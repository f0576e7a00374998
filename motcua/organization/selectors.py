from django.db.models import F, Prefetch

from motcua.organization.models import AdministrativeUnit


def unit_subtree_ids(*, unit_id: int) -> list[int]:
    """The unit and all units below it, one query per level of the tree."""
    found = [unit_id]
    frontier = [unit_id]
    while frontier:
        frontier = list(
            AdministrativeUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        )
        found.extend(frontier)
    return found


def unit_list_with_children() -> list[AdministrativeUnit]:
    """Units that have active units below them, those prefetched (2 queries, any depth)."""
    children = AdministrativeUnit.objects.filter(is_active=True).order_by("code")
    return list(
        AdministrativeUnit.objects.filter(is_active=True, children__is_active=True)
        .distinct()
        .order_by(F("parent").asc(nulls_first=True), "code")
        .prefetch_related(Prefetch("children", queryset=children))
    )
