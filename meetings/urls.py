from django.urls import path

from meetings import views, views_calendar, views_minutes, views_more, views_search

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("nytt/", views.meeting_create, name="create"),
    path("organ/<int:pk>/", views.body_meetings, name="body_meetings"),
    path("organ/<int:pk>/installningar/", views.body_settings, name="body_settings"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/andra/", views.meeting_edit, name="edit"),
    path("<int:pk>/narvaro/", views.attendance, name="attendance"),
    path("<int:pk>/punkt/ny/", views.item_add, name="item_add"),
    path("<int:pk>/skicka-dagordning/", views.agenda_send, name="agenda_send"),
    path("<int:pk>/dagordning.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/paragraf/ny/", views_minutes.paragraph_record, name="paragraph_record"),
    path("<int:pk>/protokoll-klart/", views_minutes.minutes_complete, name="complete"),
    path("<int:pk>/justera/", views_minutes.adjust, name="adjust"),
    path("<int:pk>/protokoll.pdf", views_minutes.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/protokoll/", views_minutes.minutes_web, name="minutes_web"),
    path("<int:pk>/anslag/", views_minutes.notice, name="notice"),
    path("punkt/<int:pk>/", views.item_edit, name="item_edit"),
    path("punkt/<int:pk>/flytta/", views.item_move, name="item_move"),
    path("punkt/<int:pk>/dra-tillbaka/", views.item_withdraw, name="item_withdraw"),
    path(
        "punkt/<int:item_pk>/bilaga/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path("paragraf/<int:pk>/", views_minutes.paragraph_edit, name="paragraph_edit"),
    path("paragraf/<int:pk>/uppdrag/", views_minutes.assignment_add, name="assignment_add"),
    path("paragraf/<int:pk>/utdrag.pdf", views_minutes.extract_pdf, name="extract_pdf"),
]

# Search (issue 12 item 7) and the personal calendar (item 8), in their own modules.
urlpatterns += [
    path("sok/", views_search.meeting_search, name="search"),
    path("kalender/", views_calendar.calendar_settings, name="calendar"),
    path("kalender/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
]

# Links, referrals, cancelling and corrections (R50, R54, R55): meetings/views_more.py.
urlpatterns += [
    path("paragraf/<int:pk>/kopplingar/", views_more.paragraph_links, name="paragraph_links"),
    path("koppling/<int:pk>/ta-bort/", views_more.link_remove, name="link_remove"),
    path("paragraf/<int:pk>/hanvisa/", views_more.paragraph_refer, name="paragraph_refer"),
    path("<int:pk>/stall-in/", views_more.meeting_cancel, name="cancel"),
    path("<int:pk>/rattelse/", views_more.minutes_correct, name="correct"),
]
