"""Django admin actions behind a decorator that drops what @admin.action sets on them."""
from django.contrib import admin
from django.contrib.auth.models import Group, User


def audited(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


@audited
@admin.action(permissions=["delete"], description="Deactivate selected users")  # error: WRP102 col=2
def deactivate(modeladmin, request, queryset):
    queryset.update(is_active=False)


@admin.action(description="Prefix the names")
@audited
def prefix(modeladmin, request, queryset):
    for group in queryset:
        group.name = "team-" + group.name
        group.save()


@admin.action(description="Clear the permissions")
@audited
def clear_permissions(modeladmin, request, queryset):
    for group in queryset:
        group.permissions.clear()


@admin.action(permissions=["delete"], description="Deactivate, as it should be")
def deactivate_checked(modeladmin, request, queryset):
    queryset.update(is_active=False)


class UserAdmin(admin.ModelAdmin):
    actions = [deactivate]


class GroupAdmin(admin.ModelAdmin):
    actions = [prefix, clear_permissions]  # error: WRP101 col=24


site = admin.AdminSite(name="example")
site.register(User, UserAdmin)
site.register(Group, GroupAdmin)
