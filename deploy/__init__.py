"""Serving resnet-viz past one machine's single process: N replicas behind nginx."""
