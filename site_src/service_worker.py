"""Placeholder: the service worker step (offline repeat visits) is being written."""


def write_service_worker(site_dir):
    return None
