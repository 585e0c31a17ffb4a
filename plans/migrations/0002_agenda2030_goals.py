"""The 17 global goals of Agenda 2030 with their Swedish names (R60), as data."""

from django.db import migrations

GOALS = [
    (1, "Ingen fattigdom"),
    (2, "Ingen hunger"),
    (3, "Hälsa och välbefinnande"),
    (4, "God utbildning för alla"),
    (5, "Jämställdhet"),
    (6, "Rent vatten och sanitet för alla"),
    (7, "Hållbar energi för alla"),
    (8, "Anständiga arbetsvillkor och ekonomisk tillväxt"),
    (9, "Hållbar industri, innovationer och infrastruktur"),
    (10, "Minskad ojämlikhet"),
    (11, "Hållbara städer och samhällen"),
    (12, "Hållbar konsumtion och produktion"),
    (13, "Bekämpa klimatförändringarna"),
    (14, "Hav och marina resurser"),
    (15, "Ekosystem och biologisk mångfald"),
    (16, "Fredliga och inkluderande samhällen"),
    (17, "Genomförande och globalt partnerskap"),
]


def load(apps, schema_editor):
    Goal = apps.get_model("plans", "Agenda2030Goal")
    for number, name in GOALS:
        Goal.objects.update_or_create(number=number, defaults={"name": name})


def unload(apps, schema_editor):
    apps.get_model("plans", "Agenda2030Goal").objects.filter(
        number__in=[n for n, _ in GOALS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
