// kg: symbol visibility for the public API.
#pragma once

#if defined(KG_STATIC_DEFINE)
#define KG_API
#elif defined(_WIN32)
#if defined(KG_BUILDING_LIBRARY)
#define KG_API __declspec(dllexport)
#else
#define KG_API __declspec(dllimport)
#endif
#else
#define KG_API __attribute__((visibility("default")))
#endif
