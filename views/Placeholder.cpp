// Placeholder so the views library has a source until the first view lands.
namespace mensa::views {
int placeholder() { return 0; }
}
