// Placeholder so the session library has a source until the session lands.
namespace mensa::session {
int placeholder() { return 0; }
}
