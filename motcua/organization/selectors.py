from django.db.models import F, Prefetch, QuerySet

from motcua.organization.models import AdministrativeUnit, Agency


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


def unit_ancestors(*, unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """From the root down to ``unit`` itself."""
    chain = [unit]
    while chain[-1].parent_id is not None:
        chain.append(AdministrativeUnit.objects.get(pk=chain[-1].parent_id))
    return list(reversed(chain))


def agency_list_in_units(*, unit_ids: list[int]) -> QuerySet[Agency]:
    return Agency.objects.filter(unit_id__in=unit_ids, is_active=True).select_related("unit")


def unit_list_with_children() -> list[AdministrativeUnit]:
    """Units that have active units below them, those prefetched (2 queries, any depth)."""
    children = AdministrativeUnit.objects.filter(is_active=True).order_by("code")
    return list(
        AdministrativeUnit.objects.filter(is_active=True, children__is_active=True)
        .distinct()
        .order_by(F("parent").asc(nulls_first=True), "code")
        .prefetch_related(Prefetch("children", queryset=children))
    )
