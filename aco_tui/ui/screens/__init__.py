"""Screens of the app: the main tabbed screen and the modal dialogs."""
