from django.shortcuts import get_object_or_404, render

from . import selectors
from .models import PositionStandard


def standard_list(request):
    return render(request, "standards/list.html", {"standards": selectors.standard_list()})


def standard_detail(request, pk):
    get_object_or_404(PositionStandard, pk=pk)
    return render(request, "standards/detail.html", {"standard": selectors.standard_with_items(pk)})
