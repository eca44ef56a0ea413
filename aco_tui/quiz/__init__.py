"""Quiz mode: the question bank, quiz runs, spaced review, attempt records and plain mode.

The UI drives a quiz through :class:`aco_tui.quiz.service.QuizService` and
:class:`aco_tui.quiz.plan.QuizRun`; nothing here imports Textual.
"""
