"""What regqa knows about its sources: the manifest, the settings, and syncing the files."""
